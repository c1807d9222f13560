from django.urls import include, path

from ccrhub.accounts import views

# Personal settings pages, named accounts:<thing>-<verb>.
settings_patterns = [
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end-others", views.sessions_end_others, name="sessions-end-others"),
    path("sessions/<uuid:public_id>/end", views.session_end, name="session-end"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/new", views.token_create, name="token-create"),
    path("tokens/<uuid:public_id>/revoke", views.token_revoke, name="token-revoke"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", include((settings_patterns, "accounts"))),
]
