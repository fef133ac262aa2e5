app_name = "pledges_staff"

urlpatterns: list = []
