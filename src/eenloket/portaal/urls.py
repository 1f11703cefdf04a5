from django.urls import path

from eenloket.portaal import views

app_name = "portaal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("toegankelijkheid/", views.toegankelijkheid_view, name="toegankelijkheid"),
    path("privacy/", views.privacy_view, name="privacy"),
]
