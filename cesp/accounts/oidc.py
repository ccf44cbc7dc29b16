"""Sign-in with the state's identity providers: ProConnect (agents) and FranceConnect (candidates).

Both are OpenID Connect providers; the flow is the authorisation code flow with PKCE (S256), a ``state``
bound to the browser's session and used once, and a ``nonce`` bound to the ID token. mozilla-django-oidc
does the token exchange, fetches the provider's keys (JWKS) and the user info; this module configures it
per provider (endpoints from the provider's discovery document), checks what it leaves unchecked (the ID
token's issuer, audience, expiry and subject, the user info's subject), and turns every failure into an
``OidcError`` with a French message — never a traceback.

Configuration (cesp/settings.py, ``OIDC_PROVIDERS``): for each provider an issuer, a client id and a
client secret from the environment (``PROCONNECT_*``, ``FRANCECONNECT_*``); a provider without them is
not offered. See docs/authentication.md.
"""

import logging
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
CLOCK_SKEW_SECONDS = 30


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    callback_url_name: str


PROCONNECT = Provider("proconnect", "ProConnect", "accounts:proconnect_callback")
FRANCECONNECT = Provider("franceconnect", "FranceConnect", "accounts:franceconnect_callback")
PROVIDERS = {p.slug: p for p in (PROCONNECT, FRANCECONNECT)}


class OidcError(Exception):
    """A sign-in through a provider failed; the message is for the person, in French."""


class OidcNoMembership(OidcError):
    """ProConnect authenticated an agent the platform has no active membership for."""

    def __init__(self, email: str):
        self.email = email
        super().__init__(
            f"Votre identité ProConnect ({email}) est reconnue, mais aucun rattachement à une organisation "
            "ne vous donne accès à la plateforme CESP."
        )


def config(provider: Provider) -> dict:
    return settings.OIDC_PROVIDERS.get(provider.slug, {})


def is_enabled(provider: Provider) -> bool:
    values = config(provider)
    return bool(values.get("issuer") and values.get("client_id"))


def enabled_providers() -> list[Provider]:
    return [p for p in PROVIDERS.values() if is_enabled(p)]


def discovery(provider: Provider) -> dict:
    """The provider's metadata (``/.well-known/openid-configuration``), cached for an hour."""
    issuer = config(provider)["issuer"].rstrip("/")
    key = f"oidc-discovery:{provider.slug}:{issuer}"
    metadata = cache.get(key)
    if metadata is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("Découverte OIDC impossible pour %s : %s", provider.name, exc)
            raise OidcError(
                f"{provider.name} ne répond pas pour le moment. Réessayez dans quelques minutes."
            ) from exc
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(f"La configuration de {provider.name} est incohérente (émetteur inattendu).")
        cache.set(key, metadata, DISCOVERY_CACHE_SECONDS)
    return metadata


class StateProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured per provider at each sign-in.

    It answers only when the callback view names its provider (``oidc_provider=``), so that password
    sign-ins never reach it and the two providers never exchange each other's codes.
    """

    def __init__(self, *args, **kwargs):
        # The base class reads one provider's endpoints from the settings here; they come from the
        # provider's discovery document once we know which provider answers.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.provider = None

    def get_settings(self, attr, *args):
        if self.provider is not None:
            values = config(self.provider)
            per_provider = {
                "OIDC_RP_SCOPES": values.get("scopes", "openid email"),
                "OIDC_USE_NONCE": True,
                "OIDC_VERIFY_SSL": True,
                "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
                "OIDC_AUTHENTICATION_CALLBACK_URL": self.provider.callback_url_name,
                "OIDC_STORE_ID_TOKEN": True,
                "OIDC_STORE_ACCESS_TOKEN": False,
                "OIDC_TOKEN_USE_BASIC_AUTH": False,
                "OIDC_ALLOW_UNSECURED_JWT": False,
                "OIDC_VERIFY_KID": True,
                "OIDC_PROXY": None,
            }
            if attr in per_provider:
                return per_provider[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, nonce=None, code_verifier=None, oidc_provider=None, **kwargs):
        provider = PROVIDERS.get(oidc_provider or "")
        if request is None or provider is None or not is_enabled(provider):
            return None
        self.provider = provider
        values = config(provider)
        metadata = discovery(provider)
        self.issuer = metadata["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = values["client_id"]
        self.OIDC_RP_CLIENT_SECRET = values.get("client_secret", "")
        self.OIDC_RP_SIGN_ALGO = values.get("sign_algo", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except OidcError:
            raise
        except requests.HTTPError as exc:
            logger.warning("%s a refusé l'échange du code : %s", provider.name, exc)
            raise OidcError(
                f"{provider.name} a refusé la connexion : la réponse a expiré ou a déjà été utilisée. "
                "Recommencez la connexion."
            ) from exc
        except requests.RequestException as exc:
            logger.warning("%s injoignable : %s", provider.name, exc)
            raise OidcError(
                f"{provider.name} ne répond pas pour le moment. Réessayez dans quelques minutes."
            ) from exc
        except (SuspiciousOperation, jwt.InvalidTokenError, KeyError, ValueError) as exc:
            logger.warning("Jeton %s refusé : %s", provider.name, exc)
            raise OidcError(
                f"Le jeton d'identité reçu de {provider.name} n'est pas valide (signature, émetteur, "
                "destinataire, date ou nonce) : la connexion est refusée."
            ) from exc

    def verify_token(self, token, **kwargs):
        """The ID token: signature by the provider's key (JWKS) with the expected algorithm, issuer,
        audience (our client id), expiry and issue time, subject, and the nonce of this sign-in.
        Signed user info (a JWT, as ProConnect sends) is checked for signature and issuer."""
        if not token:
            raise SuspiciousOperation("Aucun jeton reçu.")
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"Algorithme inattendu : {header.get('alg')!r}.")
        key = self.retrieve_matching_jwk(token)
        is_id_token = "nonce" in kwargs
        payload = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID if is_id_token else None,
            issuer=self.issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={
                "require": ["iss", "aud", "exp", "iat", "sub", "nonce"] if is_id_token else ["iss", "sub"],
                "verify_aud": is_id_token,
            },
        )
        if is_id_token and payload.get("nonce") != kwargs["nonce"]:
            raise SuspiciousOperation("Le nonce du jeton ne correspond pas à cette connexion.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        from cesp.accounts import services

        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise OidcError(
                f"Les informations d'identité reçues de {self.provider.name} ne concernent pas la personne "
                "authentifiée : la connexion est refusée."
            )
        try:
            if self.provider is PROCONNECT:
                return services.proconnect_sign_in(claims=claims)
            return services.franceconnect_sign_in(claims=claims)
        except services.NoMembershipError as error:
            raise OidcNoMembership(error.email) from error
        except services.AccountError as error:
            raise OidcError(str(error)) from error
