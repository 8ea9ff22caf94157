// Package pdf prints built pages of one edition to PDF through headless
// Chromium: each page gets a cover (title, headline or from/to, date,
// edition), a table of contents and page numbers, and the PDF carries an
// outline (bookmarks). It takes the site's source and the pages to print,
// builds the edition in memory with package build, serves it on a loopback
// port only Chromium knows and never writes anything but the PDFs.
package pdf
