/** Business Controls: what business users change without touching a flow. */

import { useState } from 'react';
import { hasRole, useSession } from '../auth/session';
import { DataTablesEditor } from './DataTablesEditor';
import { EmergencyFlags } from './EmergencyFlags';
import { GlobalPrompts } from './GlobalPrompts';
import { HoursEditor } from './HoursEditor';
import { SpecialDaysEditor } from './SpecialDaysEditor';

type Section = 'emergency' | 'hours' | 'special-days' | 'tables' | 'prompts';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'emergency', label: 'Emergency flags' },
  { id: 'hours', label: 'Business hours' },
  { id: 'special-days', label: 'Special days' },
  { id: 'tables', label: 'Data tables' },
  { id: 'prompts', label: 'Prompts' },
];

export function BusinessControlsPage() {
  const { user } = useSession();
  const [section, setSection] = useState<Section>('emergency');
  const canEdit = hasRole(user, 'business');
  return (
    <main className="page business-page" data-testid="business-page">
      <div className="page-toolbar">
        <h1>Business controls</h1>
        {!canEdit && <span className="muted">Read-only: your role cannot change business controls.</span>}
      </div>
      <div className="tabs" role="tablist">
        {SECTIONS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={section === item.id}
            data-testid={`business-tab-${item.id}`}
            onClick={() => setSection(item.id)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div className="business-section" role="tabpanel">
        {section === 'emergency' && <EmergencyFlags canEdit={canEdit} />}
        {section === 'hours' && <HoursEditor canEdit={canEdit} />}
        {section === 'special-days' && <SpecialDaysEditor canEdit={canEdit} />}
        {section === 'tables' && <DataTablesEditor canEdit={canEdit} />}
        {section === 'prompts' && <GlobalPrompts canEdit={canEdit} />}
      </div>
    </main>
  );
}
