"""The words news copy reports speech with ("said", "told", "declared", "according"), and the verbs
that put a partial quotation in someone's mouth ("called the trial “…”").

One list for every reader of quotations: attribution finds speech tags with it, quote extraction
tells a quotation from a scare quote with it, and the alignment tells a quoted wording from a
quoted label. Pure data, no imports.
"""

from __future__ import annotations

_SPEECH_LINES = (
    "say says said saying tell tells told telling add adds added adding ask asks asked",
    "asking write writes wrote writing state states stated warn warns warned warning explain",
    "explains explained continue continues continued note notes noted declare declares",
    "declared insist insists insisted argue argues argued claim claims claimed reply replies",
    "replied tweet tweets tweeted announce announces announced stress stresses stressed urge",
    "urges urged recall recalls recalled acknowledge acknowledges acknowledged admit admits",
    "admitted concede concedes conceded deny denies denied suggest suggests suggested",
    "disclose disclosed remark remarked comment comments commented shout shouted shouts yell",
    "yelled scream screamed cry cried exclaim exclaimed whisper whispered respond responds",
    "responded answer answered counter countered quip quipped joke joked caution cautioned",
    "cautions predict predicted promise promised vow vowed plead pleaded testify testified",
    "observe observed conclude concluded emphasize emphasized emphasised reiterate",
    "reiterated reiterates began complain complained boast boasted confirm confirmed",
    "confirms posted according",
)
SPEECH_WORDS = frozenset(w for line in _SPEECH_LINES for w in line.split())
# read only before a quotation: after it ("a film called “…”") they name things
CHARACTERIZE_WORDS = frozenset(
    {"called", "calling", "calls", "described", "describing", "describes", "dubbed"}
)
