"""What the survivor compartment asks areas that build on it (`ccrhub.lib.hooks`)."""

from collections.abc import Callable

from ccrhub.lib.hooks import Hook, declare
from ccrhub.survivors.models import Survivor

# (survivor, identifier of the person giving a release) -> is that person the perpetrator
# of one of this survivor record's high-risk referrals? Answered by `highrisk` (S10).
release_giver_is_perpetrator: Hook[Callable[[Survivor, str], bool]] = declare(
    "survivors.release_giver_is_perpetrator", answered_by="ccrhub.highrisk"
)
