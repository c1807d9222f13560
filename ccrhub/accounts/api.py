from django.urls import path
from rest_framework import generics, permissions
from rest_framework.serializers import BaseSerializer

from ccrhub.accounts.actions import update_profile
from ccrhub.accounts.api_auth import ReadOnlyTokenPermission
from ccrhub.accounts.models import User
from ccrhub.accounts.serializers import MeSerializer
from ccrhub.lib.policy import authenticated


@authenticated
class MeView(generics.RetrieveUpdateAPIView[User]):
    """GET the signed-in user; PATCH their own harmless preferences (`full_name`)."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated, ReadOnlyTokenPermission]
    http_method_names = ["get", "patch"]

    def get_object(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def perform_update(self, serializer: BaseSerializer[User]) -> None:
        user = self.get_object()
        data = serializer.validated_data
        update_profile(user, full_name=data.get("full_name", user.full_name), actor=user)
        serializer.instance = user


urlpatterns = [path("me", MeView.as_view(), name="api-me")]
