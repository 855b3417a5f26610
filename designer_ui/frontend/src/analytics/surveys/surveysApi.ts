/** `GET /api/v1/analytics/surveys`: survey results per question. */

import { getJson } from '../../api/client';

export interface SurveyQuestion {
  survey: string;
  question: string;
  type: 'scale' | 'yes_no' | 'text';
  scale: number | null;
  group?: string | null;
  responses: number;
  average: number | null;
  distribution: Record<string, number>;
  latest?: string[];
}

export interface SurveyFigures {
  truncated: boolean;
  questions: SurveyQuestion[];
}

export const surveysApi = {
  figures: (query: string) => getJson<SurveyFigures>(`/analytics/surveys?${query}`),
};
