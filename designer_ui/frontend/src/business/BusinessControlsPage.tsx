/** Business Controls: what business users change without touching a flow. */

import { useState } from 'react';
import { BUSINESS_ENVIRONMENTS, type BusinessEnvironment } from '../api/businessApi';
import { hasRole, useSession } from '../auth/session';
import { AnnouncementsEditor } from './AnnouncementsEditor';
import { DataTablesEditor } from './DataTablesEditor';
import { EmergencyFlags } from './EmergencyFlags';
import { GlobalPrompts } from './GlobalPrompts';
import { HoursEditor } from './HoursEditor';
import { BusinessEnvironmentContext } from './environment';
import { PromoteControls } from './PromoteControls';
import { SpecialDaysEditor } from './SpecialDaysEditor';

type Section = 'emergency' | 'hours' | 'special-days' | 'tables' | 'announcements' | 'prompts';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'emergency', label: 'Emergency flags' },
  { id: 'hours', label: 'Business hours' },
  { id: 'special-days', label: 'Special days' },
  { id: 'tables', label: 'Data tables' },
  { id: 'announcements', label: 'Announcements' },
  { id: 'prompts', label: 'Prompts' },
];

export function BusinessControlsPage() {
  const { user } = useSession();
  const [section, setSection] = useState<Section>('emergency');
  const [environment, setEnvironment] = useState<BusinessEnvironment>('live');
  const [generation, setGeneration] = useState(0);
  const canEdit = hasRole(user, 'business');
  return (
    <main className="page business-page" data-testid="business-page">
      <div className="page-toolbar">
        <h1>Business controls</h1>
        <label>
          Environment{' '}
          <select
            data-testid="business-environment"
            value={environment}
            onChange={(event) => setEnvironment(event.target.value as BusinessEnvironment)}
          >
            {BUSINESS_ENVIRONMENTS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {!canEdit && <span className="muted">Read-only: your role cannot change business controls.</span>}
        <span className="spacer" />
        <PromoteControls source={environment} onDone={() => setGeneration((value) => value + 1)} />
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
      <BusinessEnvironmentContext.Provider value={environment}>
      <div className="business-section" role="tabpanel" key={`${environment}:${generation}`}>
        {section === 'emergency' && <EmergencyFlags canEdit={canEdit} />}
        {section === 'hours' && <HoursEditor canEdit={canEdit} />}
        {section === 'special-days' && <SpecialDaysEditor canEdit={canEdit} />}
        {section === 'tables' && <DataTablesEditor canEdit={canEdit} />}
        {section === 'announcements' && <AnnouncementsEditor canEdit={canEdit} />}
        {section === 'prompts' && <GlobalPrompts canEdit={canEdit} />}
      </div>
      </BusinessEnvironmentContext.Provider>
    </main>
  );
}
