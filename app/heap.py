"""A worker's heap after its start: what the start made is kept out of the cyclic collector's sight.

The warm start (app.services.compliance.warm) leaves some 330,000 tracked objects that live as
long as the worker: the judgements, the loads kept, every module. Python's full (oldest
generation) collection walks every tracked object, and a whole-country list judged from
nothing makes enough new ones to set one off: on the first such list after a start, some
200 ms of its CPU time walked what the start had made. gc.freeze() moves those objects to a
generation the collector never walks (refcounting still frees them), so a full collection
walks only what was made since. Garbage is collected first, so none is frozen.
"""

import gc


def freeze_what_the_start_made() -> int:
    """Collect the start's garbage, then freeze what is left; the number of objects frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
