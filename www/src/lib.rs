//! The xeploai web app.
