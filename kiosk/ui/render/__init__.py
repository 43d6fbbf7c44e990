"""Pictures of slides drawn straight from slide views: thumbnails, previews, PNG and PDF."""
