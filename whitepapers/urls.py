app_name = "whitepapers"

urlpatterns: list = []
