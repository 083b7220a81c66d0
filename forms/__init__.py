"""Output documents (Excel, PDF, form sheets, calendar); imports domain only."""
