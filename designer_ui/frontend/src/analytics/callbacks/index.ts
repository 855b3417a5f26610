export { CallbacksReportPanel } from './CallbacksReportPanel';
