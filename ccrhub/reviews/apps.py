from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "ccrhub.reviews"
    verbose_name = "Reviews"
