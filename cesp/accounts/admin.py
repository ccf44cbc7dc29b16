from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from cesp.accounts import services
from cesp.accounts.models import Membership, Organisation, User
from cesp.core.admin import ReadOnlyAdmin


class ResetReasonForm(forms.Form):
    reason = forms.CharField(label="Motif", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_second_factor"]

    @admin.action(description="Réinitialiser le second facteur (téléphone perdu)")
    def reset_second_factor(self, request, queryset):
        form = ResetReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for user in queryset:
                services.second_factor_reset(
                    actor=request.user, user=user, reason=form.cleaned_data["reason"]
                )
            self.message_user(
                request,
                f"Second facteur réinitialisé pour {queryset.count()} compte(s) : ils l'activeront à "
                "leur prochaine connexion.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/user/reset_second_factor.html",
            {
                **self.admin_site.each_context(request),
                "title": "Réinitialiser le second facteur",
                "users": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region", "faculty"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Roles are granted and revoked through the services, so that each change is audited."""

    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "organisation__name"]


# The second factor: its secrets never show in the admin; an administrator resets a user's devices
# through the audited service (action on the users' list, with the reason asked).
for model_path in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
    model = apps.get_model(model_path)
    if admin.site.is_registered(model):
        admin.site.unregister(model)
