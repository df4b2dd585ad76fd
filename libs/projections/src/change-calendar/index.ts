export * from './change-calendar-entry';
export { changeCalendarProjection, evolveCalendarEntry } from './change-calendar-projection';
export { findCalendar, pastChangeStats, type CalendarQuery } from './change-calendar-queries';
