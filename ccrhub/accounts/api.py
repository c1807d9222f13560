from django.urls import path
from rest_framework import generics

from ccrhub.accounts.models import User
from ccrhub.accounts.serializers import MeSerializer
from ccrhub.lib.policy import authenticated


@authenticated
class MeView(generics.RetrieveUpdateAPIView[User]):
    serializer_class = MeSerializer
    http_method_names = ["get", "patch"]

    def get_object(self) -> User:
        return self.request.user  # type: ignore[return-value]


urlpatterns = [path("me", MeView.as_view(), name="api-me")]
