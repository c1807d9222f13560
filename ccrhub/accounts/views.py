from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ccrhub.lib.policy import authenticated
from ccrhub.partners.models import Collaborative


@authenticated
def dashboard(request: HttpRequest) -> HttpResponse:
    collaboratives = Collaborative.objects.of_user(request.user)
    return render(request, "accounts/dashboard.html", {"collaboratives": collaboratives})
