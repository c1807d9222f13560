from django.apps import AppConfig


class HighriskConfig(AppConfig):
    name = "ccrhub.highrisk"
    verbose_name = "High-risk response"

    def ready(self) -> None:
        from ccrhub.highrisk.measures import register_measures
        from ccrhub.highrisk.queries import is_perpetrator_of_linked_referral
        from ccrhub.survivors.hooks import release_giver_is_perpetrator

        # Cases heard and repeats feed scorecards and the coalition view.
        register_measures()
        # A release is never given by the perpetrator of the survivor's referral (S10).
        release_giver_is_perpetrator.answer(is_perpetrator_of_linked_referral)
