"""Documents and files made from plain data: PDF (reportlab), workbooks (openpyxl), calendars, CSV."""
