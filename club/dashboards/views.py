from django.http import HttpResponse


def public(request):
    return HttpResponse("")


def staff(request):
    return HttpResponse("")


def staff_csv(request, table):
    return HttpResponse("")


def public_csv(request, table):
    return HttpResponse("")
