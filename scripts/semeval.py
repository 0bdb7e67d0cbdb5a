#!/usr/bin/env python3
"""Measure `grill bank import` on SemEval-2013 Task 7 (Beetle and SciEntsBank).

Each split's questions and reference answers become one Markdown guide
(`**Question:**`, then one `**Answer:**` per reference answer), imported untouched with `grill bank import`;
every student answer is scored with `grill score --jsonl`. One score threshold is
chosen on the training split (the one with the best 2-way accuracy) and applied to
the test splits. A plain stemmed coverage of the reference answer's content words is
reported beside it, as the line to beat.

The data is not part of grill: pass the folder that holds the unpacked
`training/` and `test/` folders (the `semeval-3way.zip` of the task).

    python3 scripts/semeval.py DATA_DIR [--grill target/release/grill] [--keep OUT]
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET

CORPORA = {"beetle": "Beetle", "sciEntsBank": "SciEntsBank"}
TESTS = ["test-unseen-answers", "test-unseen-questions", "test-unseen-domains"]


def read_split(folder):
    """The questions of one split: prompt, reference answers (best first), answers."""
    questions = []
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        refs = root.find("referenceAnswers")
        ranked = sorted(
            refs.findall("referenceAnswer"),
            key=lambda r: {"BEST": 0, "GOOD": 1}.get(r.get("category"), 2),
        )
        answers = [
            (a.get("id"), " ".join(a.text.split()), a.get("accuracy") == "correct")
            for a in root.find("studentAnswers").findall("studentAnswer")
            if a.text and a.text.strip()
        ]
        questions.append(
            {
                "id": root.get("id"),
                "prompt": " ".join(root.find("questionText").text.split()),
                "references": [" ".join(r.text.split()) for r in ranked if r.text],
                "answers": answers,
            }
        )
    return questions


def guide(title, questions):
    out = [f"# {title}", ""]
    for q in questions:
        out += [f"**Question:** {q['prompt']}", ""]
        # The best reference answer first; a second **Answer:** is another accepted one.
        for reference in q["references"]:
            out += [f"**Answer:** {reference}", ""]
    return "\n".join(out)


def grill_scores(grill, folder, name, title, questions):
    """Imports the split's guide and scores its answers: (score, correct) pairs."""
    guide_path = folder / f"{name}.md"
    bank_path = folder / f"{name}.toml"
    guide_path.write_text(guide(title, questions))
    bank_path.unlink(missing_ok=True)
    subprocess.run(
        [grill, "bank", "import", str(guide_path), "--out", str(bank_path)],
        check=True,
        capture_output=True,
    )
    bank = tomllib.loads(bank_path.read_text())
    imported = bank.get("question", [])
    if len(imported) != len(questions):
        sys.exit(f"{name}: {len(questions)} questions, {len(imported)} imported")
    lines, labels = [], []
    for q, b in zip(questions, imported):
        for answer_id, answer, correct in q["answers"]:
            lines.append(json.dumps({"id": answer_id, "question": b["id"], "answer": answer}))
            labels.append(correct)
    done = subprocess.run(
        [grill, "--bank", str(bank_path), "score", "--jsonl", "-"],
        input="\n".join(lines) + "\n",
        check=True,
        capture_output=True,
        text=True,
        cwd=folder,
    )
    scores = [json.loads(line)["score"] for line in done.stdout.splitlines()]
    return list(zip(scores, labels))


STOP = set(
    """a an the and or but if then so of to in on at by for with from as is are was were be
    been being it its this that these those there their they them he she his her we you i
    will would can could should do does did has have had not no than which what when where
    who why how all any each both more most other some such only own same very just also
    into out up down over under again about because while""".split()
)


def stem(word):
    for suffix in ("ing", "edly", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content(text):
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP}


def coverage_scores(questions):
    """The baseline: the share of the reference answer's content words the answer says."""
    pairs = []
    for q in questions:
        reference = content(q["references"][0])
        for _, answer, correct in q["answers"]:
            said = content(answer)
            pairs.append((100 * len(reference & said) / max(len(reference), 1), correct))
    return pairs


def accuracy(pairs, threshold):
    return sum((score >= threshold) == correct for score, correct in pairs) / len(pairs)


def best_threshold(pairs):
    candidates = sorted({score for score, _ in pairs} | {101})
    return max(candidates, key=lambda t: accuracy(pairs, t))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=pathlib.Path, help="folder with training/ and test/")
    parser.add_argument("--grill", default="target/release/grill")
    parser.add_argument("--keep", type=pathlib.Path, help="keep the guides and banks here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    grill = str(pathlib.Path(args.grill).resolve())
    work = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="grill-semeval-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for corpus, title in CORPORA.items():
        splits = {"training": args.data / "training" / "2way" / corpus}
        for test in TESTS:
            splits[test] = args.data / "test" / "2way" / corpus / test
        figures = {}
        thresholds = {}
        for split, folder in splits.items():
            if not folder.is_dir():
                continue
            questions = read_split(folder)
            measured = {
                "grill": grill_scores(grill, work, f"{corpus}-{split}", f"{title} {split}", questions),
                "coverage": coverage_scores(questions),
            }
            if split == "training":
                thresholds = {k: best_threshold(v) for k, v in measured.items()}
            figures[split] = {
                "answers": len(measured["grill"]),
                **{k: round(accuracy(v, thresholds[k]), 3) for k, v in measured.items()},
            }
        results[title] = {"thresholds": thresholds, "accuracy": figures}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'corpus':<12} {'split':<22} {'answers':>7} {'grill':>6} {'coverage':>8}")
    for title, result in results.items():
        for split, f in result["accuracy"].items():
            print(f"{title:<12} {split:<22} {f['answers']:>7} {f['grill']:>6.3f} {f['coverage']:>8.3f}")
        t = result["thresholds"]
        print(f"{title:<12} {'threshold (training)':<22} {'':>7} {t['grill']:>6} {t['coverage']:>8.1f}")
    print(f"guides and banks: {work}")


if __name__ == "__main__":
    main()
