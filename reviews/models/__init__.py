"""The reviews app's models: the standards catalogue (and, later, the annotations made against it)."""

from reviews.models.catalogue import Instrument, RightsTag, StandardProvision

__all__ = ["Instrument", "RightsTag", "StandardProvision"]
