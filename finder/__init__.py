"""finder: route a patient with chronic pain to French pain structures and rTMS centres, offline."""

__version__ = "0.1.0"
