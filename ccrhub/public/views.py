from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ccrhub.lib.policy import public


@public
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")
