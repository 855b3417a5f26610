export { SurveysPanel } from './SurveysPanel';
