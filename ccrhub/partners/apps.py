from django.apps import AppConfig
from django.core import checks


class PartnersConfig(AppConfig):
    name = "ccrhub.partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from ccrhub.lib.policy import holds_permission
        from ccrhub.partners.checks import check_permission_names
        from ccrhub.partners.queries import holds_anywhere

        # `requires(...)` and the navigation ask the roles whether a user holds a permission.
        holds_permission.answer(holds_anywhere)
        checks.register(check_permission_names, checks.Tags.urls)
