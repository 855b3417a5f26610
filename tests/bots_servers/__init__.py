"""Local servers that speak the bot providers' wire protocols, for tests and test mocks.

- `LexServer`: Amazon Lex V2 runtime REST (RecognizeText, RecognizeUtterance).
- `DialogflowServer`: Dialogflow ES and CX `Sessions.DetectIntent` over gRPC.

Both are driven by a `ScriptedBot` (regex-recognised intents, slots elicited turn by turn) and
can be told to fail or stall with `server.faults.add(Fault(...))` / `server.faults.delay_s`.
They listen on 127.0.0.1 only, on a free port.
"""

from tests.bots_servers.dialogflow_server import DialogflowServer
from tests.bots_servers.lex_server import LexServer
from tests.bots_servers.script import (
    DialogMemory,
    Fault,
    ScriptedBot,
    ScriptedIntent,
    ScriptedSlot,
    ScriptedTurn,
)

__all__ = ["DialogMemory", "DialogflowServer", "Fault", "LexServer", "ScriptedBot",
           "ScriptedIntent", "ScriptedSlot", "ScriptedTurn"]
