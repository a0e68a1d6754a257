from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from portal import mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mails (verification, codes, password reset) go through the outbox too."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        mail.store(
            recipient=recipient,
            to_email=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            language=translation.get_language() or "nl",
            kind=template_prefix,
        )
