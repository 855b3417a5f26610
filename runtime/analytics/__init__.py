"""Analytics events from the hosts to the Designer database: context, batching writer, store.

```python
from runtime.analytics import AnalyticsContext, AnalyticsWriter, SqlAnalyticsStore

writer = AnalyticsWriter(SqlAnalyticsStore.from_url(DATABASE_URL), spool_dir="/var/lib/x")
writer.record(step.events, AnalyticsContext(session_id, flow_id, version, "voice"))
writer.stop()        # also run at interpreter exit
```
"""

from runtime.analytics.context import FLOWTEST, LIVE, ORIGINS, SIMULATOR, AnalyticsContext
from runtime.analytics.records import EventRecord, event_records
from runtime.analytics.sink import AnalyticsSink, MemorySink, NullSink
from runtime.analytics.sql_store import SqlAnalyticsStore, TransientStoreError
from runtime.analytics.writer import AnalyticsStore, AnalyticsWriter

__all__ = [
    "FLOWTEST", "LIVE", "ORIGINS", "SIMULATOR", "AnalyticsContext", "AnalyticsSink",
    "AnalyticsStore", "AnalyticsWriter", "EventRecord", "MemorySink", "NullSink",
    "SqlAnalyticsStore", "TransientStoreError", "event_records",
]
