"""deploy/: the example environment lists every variable settings.py reads and passes the
deployment checklist; nginx never serves media itself; the units run what the lock installs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ita_portal.lib.env import ERROR_SECRET_KEY_WEAK
from tests.manage_subprocess import ROOT, manage

DEPLOY = ROOT / "deploy"
READS = re.compile(
    r"(?:env_\w+|os\.environ\.get)\(\s*\"([A-Z0-9_]+)\"|os\.environ\[\"([A-Z0-9_]+)\"\]"
)
STRONG_KEY = "k7Qe-production-secret-with-enough-entropy-0123456789-abcdefXYZ"


def settings_variables() -> set[str]:
    source = (ROOT / "ita_portal" / "settings.py").read_text()
    return {a or b for a, b in READS.findall(source)}


def example_environment() -> dict[str, str]:
    """The uncommented NAME=value lines of deploy/env.example."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_every_variable_settings_reads_is_in_the_example_environment():
    example = (DEPLOY / "env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    variables = settings_variables()
    assert len(variables) >= 35  # the reader above still finds them
    assert variables - documented == set()


def test_the_example_environment_passes_the_deployment_checklist_once_a_key_is_set():
    env = example_environment()
    assert manage("check", **env).stderr.strip() == ERROR_SECRET_KEY_WEAK  # the placeholder
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **(env | {"SECRET_KEY": STRONG_KEY})
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nginx_passes_media_to_the_application_and_never_serves_it_from_disk():
    conf = (DEPLOY / "nginx" / "ita-portal.conf").read_text()
    code = "\n".join(line.split("#")[0] for line in conf.splitlines())
    media = re.search(r"location /media/ \{(.*?)\}", code, flags=re.DOTALL)
    assert media is not None
    assert "proxy_pass http://ita_portal;" in media.group(1)
    assert not re.search(r"\b(alias|root)\b[^;]*media", code)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in code
    assert "client_max_body_size" in code and "gzip on;" in code


def test_the_units_read_the_environment_file_and_run_installed_commands():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {u.name for u in units} >= {
        "ita-portal-web.service",
        "ita-portal-worker.service",
        "ita-portal-beat.service",
    }
    bin_dir = Path(sys.executable).parent
    for unit in units:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/ita-portal/env" in text, unit.name
        assert "User=ita" in text, unit.name
        program = re.search(r"^ExecStart=/srv/ita-portal/\.venv/bin/(\S+)", text, re.MULTILINE)
        assert program is not None, unit.name
        assert (bin_dir / program.group(1)).exists(), (unit.name, program.group(1))


def test_the_file_cache_folder_is_made_for_and_writable_by_every_unit_of_the_application():
    # Without REDIS_CACHE_URL the cache is files in CACHE_DIR: a folder the user ita cannot
    # make or write (ProtectSystem=strict) turned every /api/ call into a 500.
    cache_dir = Path(example_environment()["CACHE_DIR"])
    for name in ("ita-portal-web.service", "ita-portal-worker.service", "ita-portal-beat.service"):
        text = (DEPLOY / "systemd" / name).read_text()
        made = {
            Path("/var/cache") / folder
            for line in re.findall(r"^CacheDirectory=(.+)$", text, re.MULTILINE)
            for folder in line.split()
        }
        writable = made | {
            Path(path)
            for line in re.findall(r"^ReadWritePaths=(.+)$", text, re.MULTILINE)
            for path in line.split()
        }
        assert cache_dir in made, name  # systemd makes it, owned by User=, at every start
        assert any(p == cache_dir or p in cache_dir.parents for p in writable), name


def test_ita_manage_reads_the_environment_file_as_systemd_does(tmp_path):
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    loader = SourceFileLoader("ita_manage", str(DEPLOY / "ita-manage"))
    ita_manage = module_from_spec(spec_from_loader("ita_manage", loader))
    loader.exec_module(ita_manage)
    env = tmp_path / "env"
    env.write_text('# comment\nA=1\nB = two words\nC="quoted $x"\n\nD=a=b\n')
    assert ita_manage.read_environment_file(env) == {
        "A": "1",
        "B": "two words",
        "C": "quoted $x",
        "D": "a=b",
    }
    assert ita_manage.read_environment_file(DEPLOY / "env.example") == example_environment()


NGINX_ERROR_CODES = ["413", "502", "503", "504"]
NGINX_ERRORS_INSTALLED = "/srv/ita-portal/deploy/nginx/errors/"


def test_nginx_answers_its_own_errors_with_the_thai_pages_from_an_internal_location():
    conf = (DEPLOY / "nginx" / "ita-portal.conf").read_text()
    code = "\n".join(line.split("#")[0] for line in conf.splitlines())
    for status in NGINX_ERROR_CODES:
        assert f"error_page {status} /_errors/{status}.html;" in code, status
    errors = re.search(r"location \^~ /_errors/ \{(.*?)\}", code, flags=re.DOTALL)
    assert errors is not None
    assert "internal;" in errors.group(1)
    assert f"alias {NGINX_ERRORS_INSTALLED};" in errors.group(1)
    assert NGINX_ERRORS_INSTALLED in (ROOT / "docs" / "deploy.md").read_text()


@pytest.mark.parametrize("status", NGINX_ERROR_CODES)
def test_each_nginx_error_page_is_thai_and_self_contained(status):
    html = (DEPLOY / "nginx" / "errors" / f"{status}.html").read_text(encoding="utf-8")
    text = re.sub(r"<(style|title)\b.*?</\1>|<!--.*?-->|<[^>]+>", " ", html, flags=re.S)
    assert '<meta charset="utf-8">' in html and '<html lang="th">' in html
    assert 'href="/"' in html and "กลับไปหน้าหลัก" in text
    assert re.search("[ก-๙]{10}", re.search(r"<h1>(.*?)</h1>", html).group(1))
    # Nothing fetched from anywhere (the application may be down): the Thai font is inline.
    assert not re.search(r"<(link|script|img)\b|url\((?!data:)|@import", html)
    assert re.search(r'font-family: "Sarabun"; src: url\(data:font/woff2;base64,', html)
    # No English message (the brand name aside).
    assert re.findall(r"[A-Za-z]+", text.replace("ITA Portal", "")) == []


def test_the_413_page_states_nginx_s_upload_limit():
    from ita_portal.lib.thai import to_thai_digits

    conf = (DEPLOY / "nginx" / "ita-portal.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", conf).group(1)
    html = (DEPLOY / "nginx" / "errors" / "413.html").read_text(encoding="utf-8")
    assert f"{to_thai_digits(limit)} เมกะไบต์" in html


# --- Upgrades: one folder and one virtualenv per release, /srv/ita-portal links the live one ---
LIVE = "/srv/ita-portal"
RELEASES = "/srv/ita-portal-releases"


def test_upgrades_build_a_new_virtualenv_and_never_pip_install_into_the_live_one():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    commands = "\n".join(re.findall(r"```sh\n(.*?)```", guide, flags=re.DOTALL))
    assert "pip install" not in commands  # every install goes through deploy/install-lock
    new_venvs = re.findall(r"python3 -m venv (\S+)", commands)
    assert new_venvs and all(v == ".venv" for v in new_venvs)
    assert commands.count("deploy/install-lock .venv requirements/prod.txt") == len(new_venvs)
    upgrade = guide.split("\n## 2. ")[1].split("\n## 3. ")[0]
    assert f"{RELEASES}/$V" in upgrade and "deploy/switch-release" in upgrade
    assert "systemctl reload ita-portal-web" not in upgrade  # HUP keeps the old release's python


def test_the_units_run_whatever_release_the_link_points_at():
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        text = unit.read_text()
        assert f"WorkingDirectory={LIVE}\n" in text, unit.name
        assert RELEASES not in text, unit.name
        for line in re.findall(r"^Exec\w*=(/\S+)", text, re.MULTILINE):
            assert line.startswith((f"{LIVE}/.venv/bin/", "/bin/", "/usr/bin/")), unit.name


def test_ita_manage_runs_the_release_it_was_started_from(tmp_path):
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    link = tmp_path / "ita-portal"
    link.symlink_to(ROOT)
    loader = SourceFileLoader("ita_manage_linked", str(link / "deploy" / "ita-manage"))
    ita_manage = module_from_spec(spec_from_loader("ita_manage_linked", loader))
    loader.exec_module(ita_manage)
    assert ita_manage.ROOT == ROOT.resolve()  # its own folder, so its own .venv


def _switch(tmp_path, version: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "ITA_RELEASES": str(tmp_path / "releases"),
        "ITA_LINK": str(tmp_path / "live"),
    }
    return subprocess.run(
        [str(DEPLOY / "switch-release"), version], env=env, capture_output=True, text=True
    )


def _release(tmp_path, version: str) -> Path:
    python = tmp_path / "releases" / version / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    return python.parent.parent.parent


def test_switch_release_moves_the_link_and_back(tmp_path):
    old, new = _release(tmp_path, "0.1.0"), _release(tmp_path, "0.2.0")
    assert _switch(tmp_path, "0.1.0").returncode == 0
    assert (tmp_path / "live").resolve() == old
    switched = _switch(tmp_path, "0.2.0")
    assert switched.returncode == 0 and str(old) in switched.stdout  # says what it left
    assert (tmp_path / "live").resolve() == new
    assert _switch(tmp_path, "0.1.0").returncode == 0  # rolling back is switching back
    assert (tmp_path / "live").resolve() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live", "releases"]


def test_switch_release_refuses_a_missing_release_and_a_live_folder(tmp_path):
    old = _release(tmp_path, "0.1.0")
    _switch(tmp_path, "0.1.0")
    missing = _switch(tmp_path, "0.3.0")
    assert missing.returncode == 1 and "ไม่พบรุ่น 0.3.0" in missing.stderr
    assert (tmp_path / "live").resolve() == old
    (tmp_path / "live").unlink()
    (tmp_path / "live").mkdir()  # an install of 0.1.0's layout: the program folder itself
    folder = _switch(tmp_path, "0.1.0")
    assert folder.returncode == 1 and "ไม่ใช่ลิงก์" in folder.stderr


# --- end upgrades ---


# --- The nightly backup unit (docs/deploy.md §4.2) ---


def _unit_lines(name: str, key: str) -> list[str]:
    text = (DEPLOY / "systemd" / name).read_text()
    return re.findall(rf"^{key}=(.*)$", text, flags=re.MULTILINE)


def _expanded(line: str) -> list[str]:
    """A unit's command line as systemd runs it with the example environment."""
    env = example_environment()
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: env[m.group(1)], line).split()


def _parses(words: list[str]) -> None:
    from django.core.management import load_command_class

    assert words[:2] == ["/srv/ita-portal/.venv/bin/python", "manage.py"], words
    command = load_command_class("ita_portal", words[2])
    command.create_parser("manage.py", words[2]).parse_args(words[3:])


def test_the_backup_timer_runs_at_half_past_two_in_bangkok():
    (calendar,) = _unit_lines("ita-portal-backup.timer", "OnCalendar")
    assert calendar == "*-*-* 02:30:00 Asia/Bangkok"
    analysed = subprocess.run(
        ["systemd-analyze", "calendar", calendar], capture_output=True, text=True
    )
    assert analysed.returncode == 0, analysed.stderr
    assert "Normalized form: *-*-* 02:30:00 Asia/Bangkok" in analysed.stdout


def test_the_backup_unit_writes_then_checks_then_prunes_by_bangkok_dates():
    (start,) = _unit_lines("ita-portal-backup.service", "ExecStart")
    check, prune = _unit_lines("ita-portal-backup.service", "ExecStartPost")
    assert _expanded(start)[2:] == ["backup", "/var/backups/ita-portal"]
    assert _expanded(check)[2:] == [
        "restore",
        "--check",
        "--without-key",
        "/var/backups/ita-portal",
    ]
    assert _expanded(prune)[2:4] == ["backup_prune", "/var/backups/ita-portal"]
    for line in (start, check, prune):
        _parses(_expanded(line))  # every variable is in env.example, every option exists
    assert "find" not in (DEPLOY / "systemd" / "ita-portal-backup.service").read_text()
    assert _unit_lines("ita-portal-backup.service", "UMask") == ["0027"]
