/** The environment the Business Controls page shows and changes, for every editor on it. */

import { createContext, useContext, useMemo } from 'react';
import { businessApiIn, type BusinessEnvironment } from '../api/businessApi';

export const BusinessEnvironmentContext = createContext<BusinessEnvironment>('live');

export function useBusinessEnvironment(): BusinessEnvironment {
  return useContext(BusinessEnvironmentContext);
}

/** The Business Controls API of the environment picked on the page. */
export function useBusinessApi() {
  const environment = useBusinessEnvironment();
  return useMemo(() => businessApiIn(environment), [environment]);
}
