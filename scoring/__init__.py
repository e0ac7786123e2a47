"""Scoring: questionnaires in, explainable readiness results out. No web, no database."""

from scoring.answers import AnswerError, AnswersInvalid, parse_answers
from scoring.engine import score_response
from scoring.format.loader import QuestionnaireInvalid, load_file, load_questionnaire, validate_text
from scoring.model import Questionnaire
from scoring.results import ReadinessResult

__all__ = [
    "AnswerError",
    "AnswersInvalid",
    "Questionnaire",
    "QuestionnaireInvalid",
    "ReadinessResult",
    "load_file",
    "load_questionnaire",
    "parse_answers",
    "score_response",
    "validate_text",
]
