import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, Team, User
from cases.models import Household, LocalAuthority
from platforms.models import Platform, ViewingAccount

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_records_and_prints_passwords_once(settings, capsys):
    settings.SOCIALCHECK_DEMO_MODE = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    for username in ("demo-worker", "demo-worker-2", "demo-manager", "demo-admin"):
        assert username in first
    assert LocalAuthority.objects.count() == 2
    assert set(Platform.objects.values_list("slug", flat=True)) >= {
        "facebook",
        "instagram",
        "x",
        "tiktok",
        "whatsapp",
        "wechat",
        "qzone",
        "linkedin",
        "youtube",
        "vimeo",
        "snapchat",
        "tumblr",
        "flickr",
    }
    for slug in ("facebook", "instagram", "x", "tiktok"):
        kinds = set(ViewingAccount.objects.filter(platform__slug=slug).values_list("kind", flat=True))
        assert kinds == {"logged_out", "organisation"}
    assert Team.objects.count() == 2
    worker = User.objects.get(username="demo-worker")
    assert worker.teams.get().name.startswith("Team A")
    assert User.objects.get(username="demo-worker-2").teams.get().name.startswith("Team B")
    assert User.objects.get(username="demo-manager").managed_teams.get() == worker.teams.get()
    assert User.objects.get(username="demo-admin").role == Role.ADMIN
    households = Household.objects.filter(team=worker.teams.get())
    assert households.count() == 2
    assert sorted(h.applicants.count() for h in households) == [1, 2]

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert "demo-worker " not in second  # passwords are not shown again
    assert Household.objects.count() == 2 and User.objects.count() == 4 and Platform.objects.count() == 13
    assert ViewingAccount.objects.count() == 17


def test_a_demo_password_signs_the_user_in(settings, capsys, client):
    settings.SOCIALCHECK_DEMO_MODE = True
    call_command("seed_demo")
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  demo-")]
    passwords = dict(lines)
    assert client.login(username="demo-worker", password=passwords["demo-worker"])


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.SOCIALCHECK_DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert not User.objects.exists()
