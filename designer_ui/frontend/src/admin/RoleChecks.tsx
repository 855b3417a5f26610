/** Check boxes for a user's roles, shared by the create form and each user's row. */

import { ROLES } from './adminApi';

interface RoleChecksProps {
  roles: string[];
  onChange(roles: string[]): void;
  testId: string;
  disabled?: boolean;
}

export function RoleChecks({ roles, onChange, testId, disabled }: RoleChecksProps) {
  return (
    <fieldset data-testid={testId}>
      {ROLES.map((role) => (
        <label key={role} className="check">
          <input
            type="checkbox"
            checked={roles.includes(role)}
            disabled={disabled}
            data-testid={`${testId}-${role}`}
            onChange={(event) =>
              onChange(event.target.checked ? [...roles, role] : roles.filter((item) => item !== role))
            }
          />
          {role}
        </label>
      ))}
    </fieldset>
  );
}
