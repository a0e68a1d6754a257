from portal.rules import is_fund_staff, is_reviewer, is_support_team, is_writing_helper


def portal(request):
    """Which role menus the header shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "is_fund_staff": False,
            "is_reviewer": False,
            "is_writing_helper": False,
            "is_support_team": False,
        }
    return {
        "is_fund_staff": is_fund_staff(user),
        "is_reviewer": is_reviewer(user),
        "is_writing_helper": is_writing_helper(user),
        "is_support_team": is_support_team(user),
    }
