from django.urls import path

from eenloket.portaal import views

app_name = "portaal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("toegankelijkheid/", views.toegankelijkheid_view, name="toegankelijkheid"),
    path("privacy/", views.privacy_view, name="privacy"),
    path("contact/", views.contact_view, name="contact"),
    path("contact/verzonden/", views.contact_verzonden_view, name="contact_verzonden"),
]
