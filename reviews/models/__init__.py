"""The reviews app's models: the standards catalogue and the annotations made against it, with their review task."""

from reviews.models.annotations import Annotation, AnnotationTarget, Evidence
from reviews.models.catalogue import Instrument, RightsTag, StandardProvision
from reviews.models.review_task import IndependentReviewTask

__all__ = [
    "Annotation",
    "AnnotationTarget",
    "Evidence",
    "IndependentReviewTask",
    "Instrument",
    "RightsTag",
    "StandardProvision",
]
