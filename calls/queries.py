from calls.models import Call


def open_calls():
    return Call.objects.filter(status=Call.Status.PUBLISHED).select_related("programme")
