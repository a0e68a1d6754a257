from portal.rules import is_fund_staff


def portal(request):
    user = getattr(request, "user", None)
    return {"is_fund_staff": bool(user and is_fund_staff(user))}
