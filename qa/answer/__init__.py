"""Grounded mode: evidence-first answering (docs/answers.md). The engine is `qa.answer.engine.AnswerEngine`."""
