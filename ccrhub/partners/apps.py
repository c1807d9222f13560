from django.apps import AppConfig
from django.core import checks


class PartnersConfig(AppConfig):
    name = "ccrhub.partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from ccrhub.lib.access import collaboratives_holding
        from ccrhub.lib.policy import holds_permission
        from ccrhub.partners.checks import check_permission_names
        from ccrhub.partners.queries import collaborative_ids_with, holds_anywhere

        # `requires(...)` and the navigation ask the roles whether a user holds a permission.
        holds_permission.answer(holds_anywhere)
        # Every `access_*` asks them where the user holds one (`ccrhub.lib.access`).
        collaboratives_holding.answer(collaborative_ids_with)
        checks.register(check_permission_names, checks.Tags.urls)
