"""readerlevel: one canonical health article, the right variant for each reader.

>>> from readerlevel import Engine
>>> engine = Engine()                     # built-in profiles; Engine("variants") for a pack
>>> sorted(engine.profiles)
['caregiver', 'clinician', 'patient']
"""

from readerlevel.engine import Engine
from readerlevel.errors import (
    ContentError,
    InputFileError,
    Problem,
    ReaderlevelError,
    UnknownAudienceError,
    UnknownFormatError,
    UnknownLocaleError,
)
from readerlevel.models import Article, Block, Disclaimer, Notice, Reference, Review, Section, Text
from readerlevel.pack import ContentPack, load_pack
from readerlevel.profiles import Profiles, ReaderProfile
from readerlevel.render import RenderOptions
from readerlevel.variant import Choice, Source, Variant

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "Choice",
    "ContentError",
    "ContentPack",
    "Disclaimer",
    "Engine",
    "InputFileError",
    "Notice",
    "Problem",
    "Profiles",
    "ReaderProfile",
    "ReaderlevelError",
    "Reference",
    "RenderOptions",
    "Review",
    "Section",
    "Source",
    "Text",
    "UnknownAudienceError",
    "UnknownFormatError",
    "UnknownLocaleError",
    "Variant",
    "__version__",
    "load_pack",
]
