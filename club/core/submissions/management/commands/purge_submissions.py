from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from club.core.submissions.models import Submission


class Command(BaseCommand):
    help = "Forget form tokens older than --days (a replay that late is no double click)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Submission.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} envoi(s) oublié(s).")
