"""deploy/: the example environment lists every variable settings.py reads and passes the
deployment checklist; nginx never serves media itself; the units run what the lock installs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
