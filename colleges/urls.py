app_name = "colleges"

urlpatterns: list = []
