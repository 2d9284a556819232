"""Migration 0007: attributes may be 'integer' (the table is rebuilt, its values kept); speakers link to cases."""

from __future__ import annotations

import shutil
from pathlib import Path

from qda_desktop.core.commands import DefineAttribute, LinkSpeakerToCase, SetCaseAttribute, UpdateAttribute
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from tests.helpers import snapshot
from tests.store.test_migrations import FIXTURE_PASSPHRASE, FIXTURES


def test_an_old_project_keeps_its_values_and_gains_integers_and_speaker_links(tmp_path: Path) -> None:
    path = tmp_path / "old.qdaproj"
    shutil.copyfile(FIXTURES / "schema-0003.qdaproj", path)
    with Project.open(path, FIXTURE_PASSPHRASE) as project:
        with project.read() as session:
            dump = project_dump(session)
        assert [(c["name"], c["attributes"]) for c in dump["cases"]] == [("P01", {"Years involved": "4"})]
        case = dump["cases"][0]["id"]
        transcript = next(d for d in dump["documents"] if d["kind"] == "transcript")
        speaker = next(s["speaker"] for s in transcript["segments"] if s["speaker"])
        attribute = project.run(DefineAttribute("Age", "integer")).result
        project.run(SetCaseAttribute(case, attribute, "41"))
        project.run(UpdateAttribute(1, "Years involved", "integer"))
        before = snapshot(project)
        project.run(LinkSpeakerToCase(transcript["id"], speaker, case))
        with project.read() as session:
            dump = project_dump(session)
        assert dump["cases"][0]["attributes"] == {"Years involved": "4", "Age": "41"}
        assert next(d for d in dump["documents"] if d["kind"] == "transcript")["cases"] == ["P01"]
        project.undo()  # the new table is in the undo log like every other
        assert snapshot(project) == before
