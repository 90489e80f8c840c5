"""Grounded mode: evidence-first answering (docs/answers.md); the engine is qa.answer.engine.AnswerEngine."""
