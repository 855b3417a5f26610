"""Callback rules every host applies alike: which numbers may be called back.

The Designer's callback service, the simulator and flow tests all refuse the same numbers for
the same reasons, so a flow test that passes means the live path can pass (docs/callbacks.md).
"""

from runtime.callbacks.numbers import CallbackRefused, NumberRules, check_number

__all__ = ["CallbackRefused", "NumberRules", "check_number"]
