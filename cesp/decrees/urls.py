app_name = "decrees"

urlpatterns = []
