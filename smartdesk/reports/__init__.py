"""Documents built from plain data: PDF (pdf/), spreadsheets (xlsx/), CSV and iCalendar files."""
