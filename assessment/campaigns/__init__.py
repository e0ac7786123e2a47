"""Survey campaigns: the campaign owner's pages, and the links that e-mails carry."""
